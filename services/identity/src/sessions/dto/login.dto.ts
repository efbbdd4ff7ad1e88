import { IsPasswordAttempt } from '../../security/password-policy';
import { IsEmailAddress } from '../../users/email-address';

export class LoginDto {
  @IsEmailAddress()
  email!: string;

  @IsPasswordAttempt()
  password!: string;
}
