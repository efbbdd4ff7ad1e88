import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@platform/auth';
import { type Page, PaginationQuery } from '@platform/service-kit';
import { type CommentView, CommentsService } from './comments.service';
import { CreateCommentDto } from './dto/comment.dto';

const Id = (): ParameterDecorator => Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 }));

@ApiTags('comments')
@ApiBearerAuth()
@Controller()
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get('lessons/:id/comments')
  list(
    @Id() id: string,
    @Query() query: PaginationQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<CommentView>> {
    return this.comments.list(id, query.page, query.limit, user);
  }

  @Post('lessons/:id/comments')
  create(
    @Id() id: string,
    @Body() dto: CreateCommentDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CommentView> {
    return this.comments.create(id, dto.body, user);
  }

  @Delete('comments/:id')
  @HttpCode(204)
  delete(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.comments.delete(id, user);
  }
}
