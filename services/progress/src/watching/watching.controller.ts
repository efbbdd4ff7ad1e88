import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@platform/auth';
import { ApiAnswer } from '@platform/service-kit';
import { VideoPositionViewSchema } from '../progress.views';
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
  @ApiOperation({ summary: 'Where you stopped in a video lesson, and how much of it counts as watched' })
  @ApiAnswer(VideoPositionViewSchema, 'Your position')
  get(@LessonId() lessonId: string, @CurrentUser() user: AuthenticatedUser): Promise<VideoPositionView> {
    return this.watching.position(user.id, lessonId);
  }

  @Put()
  @ApiOperation({ summary: 'Report what the player played: the server judges how much was watched' })
  @ApiAnswer(VideoPositionViewSchema, 'Your position now')
  report(
    @LessonId() lessonId: string,
    @Body() dto: PositionReportDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<VideoPositionView> {
    return this.watching.report(user.id, lessonId, dto);
  }
}
