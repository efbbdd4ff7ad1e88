import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { DISPLAY_NAME_MAX_LENGTH, IsDisplayName } from '../display-name';

/** Only safe fields: roles, e-mail and anything else are refused (400) as unknown by the global validation. */
export class UpdateProfileDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: DISPLAY_NAME_MAX_LENGTH })
  @IsOptional()
  @IsDisplayName()
  displayName?: string;
}
