import { IsEmailAddress } from '../../users/email-address';

export class ResendVerificationDto {
  @IsEmailAddress()
  email!: string;
}
