import { Inject, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import type { Runtime } from '../../common/src/runtime';
import { RUNTIME } from '../../common/src/tokens';
import { MemberJwtStrategy } from './auth/jwt.strategy';
import { MemberAuthGuard } from './auth/member-auth.guard';
import { PoliciesGuard } from './auth/policies.guard';
import { LoginController } from './login/login.controller';
import { LoginHandler } from './login/login.handler';

const commandHandlers = [LoginHandler];
const authProviders = [MemberJwtStrategy, MemberAuthGuard, PoliciesGuard];
const controllers = [LoginController];

@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [RUNTIME],
      useFactory: (runtime: Runtime) => ({ secret: runtime.jwtSecret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers,
  providers: [...commandHandlers, ...authProviders],
  exports: [...authProviders, JwtModule],
})
export class IdentityModule {
  constructor(@Inject(MemberJwtStrategy) readonly strategy: MemberJwtStrategy) {}
}
