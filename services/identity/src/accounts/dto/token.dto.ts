import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class TokenDto {
  @ApiProperty({ description: 'The token from the e-mail link' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token!: string;
}
