import { IsNewPassword, IsPasswordAttempt } from '../../security/password-policy';

export class ChangePasswordDto {
  @IsPasswordAttempt()
  currentPassword!: string;

  @IsNewPassword()
  newPassword!: string;
}
