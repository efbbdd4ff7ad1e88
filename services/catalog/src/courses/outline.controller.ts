import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@platform/auth';
import { ApiAnswer, ApiErrors, Idempotent } from '@platform/service-kit';
import { type CourseView, CourseViewSchema, type LessonView, LessonViewSchema } from './course.views';
import { CreateLessonDto, UpdateLessonDto, UpdateSectionDto } from './dto/outline.dto';
import { OutlineService } from './outline.service';

const Id = (): ParameterDecorator => Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 }));

@ApiTags('sections and lessons')
@ApiBearerAuth()
@Controller()
export class OutlineController {
  constructor(private readonly outline: OutlineService) {}

  @Patch('sections/:id')
  @ApiOperation({ summary: 'Rename or move a section' })
  @ApiAnswer(CourseViewSchema, 'The course with its new outline')
  updateSection(
    @Id() id: string,
    @Body() dto: UpdateSectionDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CourseView> {
    return this.outline.updateSection(id, dto, user);
  }

  @Delete('sections/:id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a section and its lessons (409 if a published course would be left without lessons)',
  })
  @ApiErrors(409)
  deleteSection(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.outline.deleteSection(id, user);
  }

  @Post('sections/:id/lessons')
  @ApiOperation({ summary: 'Add a text, video or quiz lesson to a section' })
  @ApiAnswer(LessonViewSchema, 'The new lesson')
  @Idempotent()
  addLesson(
    @Id() id: string,
    @Body() dto: CreateLessonDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<LessonView> {
    return this.outline.addLesson(id, dto, user);
  }

  @Get('lessons/:id')
  @ApiOperation({ summary: 'A lesson with its content (quiz answers only for its editors)' })
  @ApiAnswer(LessonViewSchema, 'The lesson')
  getLesson(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<LessonView> {
    return this.outline.getLesson(id, user);
  }

  @Patch('lessons/:id')
  @ApiOperation({ summary: 'Change a lesson, or move it (also to another section of the course)' })
  @ApiAnswer(LessonViewSchema, 'The lesson as changed')
  updateLesson(
    @Id() id: string,
    @Body() dto: UpdateLessonDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<LessonView> {
    return this.outline.updateLesson(id, dto, user);
  }

  @Delete('lessons/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a lesson (409 if a published course would be left without lessons)' })
  @ApiErrors(409)
  deleteLesson(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.outline.deleteLesson(id, user);
  }
}
