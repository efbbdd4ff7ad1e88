import { IsEmailedToken } from '../../security/emailed-token';

export class VerifyEmailDto {
  @IsEmailedToken()
  token!: string;
}
