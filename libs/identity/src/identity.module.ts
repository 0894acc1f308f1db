import { Inject, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import type { Runtime } from '../../common/src/runtime';
import { CONFIG, RUNTIME } from '../../common/src/tokens';
import type { KeyledgerConfig } from '../../config/src/config';
import { AddMemberController } from './add-member/add-member.controller';
import { AddMemberHandler } from './add-member/add-member.handler';
import { MemberJwtStrategy } from './auth/jwt.strategy';
import { MemberAuthGuard } from './auth/member-auth.guard';
import { PoliciesGuard } from './auth/policies.guard';
import { CreateOrgController } from './create-org/create-org.controller';
import { CreateOrgHandler } from './create-org/create-org.handler';
import { ListMembersController } from './list-members/list-members.controller';
import { LoginController } from './login/login.controller';
import { LoginHandler } from './login/login.handler';
import { OIDC_CONFIG } from './oidc/oidc.strategy';
import { MemberOidcStrategy } from './oidc/oidc.strategy';
import { RemoveMemberController } from './remove-member/remove-member.controller';
import { RemoveMemberHandler } from './remove-member/remove-member.handler';
import { UpdateMemberController } from './update-member/update-member.controller';
import { UpdateMemberHandler } from './update-member/update-member.handler';

const commandHandlers = [
  LoginHandler,
  CreateOrgHandler,
  AddMemberHandler,
  UpdateMemberHandler,
  RemoveMemberHandler,
];
const authProviders = [MemberJwtStrategy, MemberOidcStrategy, MemberAuthGuard, PoliciesGuard];
const controllers = [
  LoginController,
  CreateOrgController,
  ListMembersController,
  AddMemberController,
  UpdateMemberController,
  RemoveMemberController,
];
// Validated with the rest of the configuration (libs/config): null when OIDC is off.
const config = [{ provide: OIDC_CONFIG, inject: [CONFIG], useFactory: (c: KeyledgerConfig) => c.oidc }];

@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [RUNTIME],
      useFactory: (runtime: Runtime) => ({ secret: runtime.jwtSecret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers,
  providers: [...config, ...commandHandlers, ...authProviders],
  exports: [...authProviders, JwtModule],
})
export class IdentityModule {
  // Passport strategies register themselves when constructed: make sure both are.
  constructor(
    @Inject(MemberJwtStrategy) readonly strategy: MemberJwtStrategy,
    @Inject(MemberOidcStrategy) readonly oidcStrategy: MemberOidcStrategy,
  ) {}
}
