import { Controller, Get, Header, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@platform/auth';
import { CourseProgressReader } from './course-progress.reader';

@ApiTags('progress')
@ApiBearerAuth()
@Controller('courses')
export class CourseProgressController {
  constructor(private readonly reader: CourseProgressReader) {}

  /** The hot read path. The reader answers ready-made JSON (a CourseProgressView), sent as it is. */
  @Get(':courseId')
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiOkResponse({
    description:
      '{ courseId, courseStatus, percent, completedLessons, totalLessons, sections: [{ id, lessons: [{ id, completed }] }] }',
  })
  course(
    @Param('courseId', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) courseId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<string> {
    return this.reader.read(user.id, courseId);
  }
}
