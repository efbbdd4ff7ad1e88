import { IsEmailAddress } from '../../users/email-address';

export class PasswordResetRequestDto {
  @IsEmailAddress()
  email!: string;
}
