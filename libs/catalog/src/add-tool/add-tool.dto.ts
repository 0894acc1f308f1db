import type { AuthType, Credential, CredentialMode } from '../catalog.events';
import {
  AuthTypeField,
  CredentialField,
  CredentialModeField,
  DescriptionField,
  ExpiresAtField,
  InstructionsField,
  NameField,
  UrlField,
} from '../tool-fields.dto';

export class AddToolDto {
  @NameField(true) name!: string;
  @UrlField() url?: string | null;
  @DescriptionField() description?: string;
  @AuthTypeField(true) auth_type!: AuthType;
  @CredentialModeField() credential_mode?: CredentialMode;
  /** Optional at creation; only for shared tools. */
  @CredentialField(false) credential?: Credential;
  @InstructionsField() instructions?: string;
  @ExpiresAtField() credential_expires_at?: string | null;
}
