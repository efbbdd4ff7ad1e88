import { IsEmailedToken } from '../../security/emailed-token';
import { IsNewPassword } from '../../security/password-policy';

export class PasswordResetConfirmDto {
  @IsEmailedToken()
  token!: string;

  @IsNewPassword()
  newPassword!: string;
}
