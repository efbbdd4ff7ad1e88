import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';

/** `{ refreshToken }`: required, unless the session cookie carries it (the controller decides). */
export class RefreshTokenDto {
  @ApiPropertyOptional({
    description: 'The opaque refresh token from login or the previous refresh (required without the session cookie)',
  })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsString({ message: 'refreshToken must be a string' })
  @MinLength(1, { message: 'refreshToken must not be empty' })
  @MaxLength(200, { message: 'refreshToken must be at most 200 characters' })
  refreshToken?: string;
}
