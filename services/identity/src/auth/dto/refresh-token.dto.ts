import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class RefreshTokenDto {
  @ApiProperty({ description: 'The opaque refresh token from login or the previous refresh' })
  @IsString({ message: 'refreshToken must be a string' })
  @MinLength(1, { message: 'refreshToken must not be empty' })
  @MaxLength(200, { message: 'refreshToken must be at most 200 characters' })
  refreshToken!: string;
}
