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

/** Every field optional; url and credential_expires_at accept null to clear them. */
export class UpdateToolDto {
  @NameField(false) name?: string;
  @UrlField() url?: string | null;
  @DescriptionField() description?: string;
  @AuthTypeField(false) auth_type?: AuthType;
  @CredentialModeField() credential_mode?: CredentialMode;
  /** A new shared secret version, as PUT /secret would store it. */
  @CredentialField(false) credential?: Credential;
  @InstructionsField() instructions?: string;
  @ExpiresAtField() credential_expires_at?: string | null;
}
