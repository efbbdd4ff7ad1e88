import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@platform/auth';
import { PositionReportDto } from './dto/position.dto';
import { type VideoPositionView, WatchingService } from './watching.service';

const LessonId = (): ParameterDecorator => Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 }));

/** The caller's own resume position in a video lesson: nobody reads or writes another learner's. */
@ApiTags('progress')
@ApiBearerAuth()
@Controller('lessons/:id/position')
export class WatchingController {
  constructor(private readonly watching: WatchingService) {}

  @Get()
  get(@LessonId() lessonId: string, @CurrentUser() user: AuthenticatedUser): Promise<VideoPositionView> {
    return this.watching.position(user.id, lessonId);
  }

  @Put()
  report(
    @LessonId() lessonId: string,
    @Body() dto: PositionReportDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<VideoPositionView> {
    return this.watching.report(user.id, lessonId, dto);
  }
}
