import type { Credential } from '../catalog.events';
import { CredentialField } from '../tool-fields.dto';

export class SetSecretDto {
  @CredentialField(true) credential!: Credential;
}
