import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class SetDisabledDto {
  @ApiProperty({ example: true })
  @IsBoolean({ message: 'disabled must be true or false' })
  disabled!: boolean;
}
