import { ApiProperty } from '@nestjs/swagger';
import { IsNewPassword } from '../../security/password-policy';
import { DISPLAY_NAME_MAX_LENGTH, IsDisplayName } from '../../users/display-name';
import { IsEmailAddress } from '../../users/email-address';

export class RegisterDto {
  @IsEmailAddress()
  email!: string;

  @IsNewPassword()
  password!: string;

  @ApiProperty({ example: 'Ada', minLength: 1, maxLength: DISPLAY_NAME_MAX_LENGTH })
  @IsDisplayName()
  displayName!: string;
}
