import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@platform/contracts';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn } from 'class-validator';

export class SetRolesDto {
  @ApiProperty({ enum: ROLES, isArray: true, example: ['learner', 'instructor'] })
  @IsArray({ message: 'roles must be an array' })
  @ArrayMinSize(1, { message: 'roles must name at least one role' })
  @ArrayMaxSize(ROLES.length, { message: `roles must name at most ${ROLES.length} roles` })
  @IsIn(ROLES, { each: true, message: `each role must be one of ${ROLES.join(', ')}` })
  roles!: Role[];
}
