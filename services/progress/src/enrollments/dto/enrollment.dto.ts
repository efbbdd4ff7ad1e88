import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class EnrollDto {
  @ApiProperty()
  @IsUUID('all', { message: 'courseId must be a uuid' })
  courseId!: string;
}
