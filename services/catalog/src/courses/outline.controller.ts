import { ApiErrors, Idempotent } from '@platform/service-kit';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@platform/auth';
import type { CourseView, LessonView } from './course.views';
import { CreateLessonDto, UpdateLessonDto, UpdateSectionDto } from './dto/outline.dto';
import { OutlineService } from './outline.service';

const Id = (): ParameterDecorator => Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 }));

@ApiTags('sections and lessons')
@ApiBearerAuth()
@Controller()
export class OutlineController {
  constructor(private readonly outline: OutlineService) {}

  @Patch('sections/:id')
  updateSection(
    @Id() id: string,
    @Body() dto: UpdateSectionDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CourseView> {
    return this.outline.updateSection(id, dto, user);
  }

  @Delete('sections/:id')
  @HttpCode(204)
  @ApiErrors(409)
  deleteSection(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.outline.deleteSection(id, user);
  }

  @Post('sections/:id/lessons')
  @Idempotent()
  addLesson(
    @Id() id: string,
    @Body() dto: CreateLessonDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<LessonView> {
    return this.outline.addLesson(id, dto, user);
  }

  @Get('lessons/:id')
  getLesson(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<LessonView> {
    return this.outline.getLesson(id, user);
  }

  @Patch('lessons/:id')
  updateLesson(
    @Id() id: string,
    @Body() dto: UpdateLessonDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<LessonView> {
    return this.outline.updateLesson(id, dto, user);
  }

  @Delete('lessons/:id')
  @HttpCode(204)
  @ApiErrors(409)
  deleteLesson(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.outline.deleteLesson(id, user);
  }
}
