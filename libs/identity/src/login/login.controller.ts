import { Body, Controller, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ProblemDto } from '../../../common/src/http/problem.dto';
import { LoginRateLimitGuard } from '../../../common/src/rate-limit/login-rate-limit.guard';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { LoginCommand } from './login.command';
import { LoginDto, LoginResponseDto } from './login.dto';

@ApiTags('admin')
@Controller('api/auth')
export class LoginController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiOperation({ operationId: 'login', summary: 'Sign in with email and password; answers a member token' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiResponse({ status: 400, type: ProblemDto, description: 'Invalid input' })
  @ApiResponse({ status: 401, type: ProblemDto, description: 'Wrong email or password (never says which)' })
  @ApiResponse({ status: 429, type: ProblemDto, description: 'Too many attempts' })
  login(@Body() body: LoginDto, @Ctx() ctx: RequestContext): Promise<LoginResponseDto> {
    return this.commands.execute(new LoginCommand(body.email, body.password, body.org, ctx));
  }
}
