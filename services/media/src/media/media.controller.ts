import { ApiErrors, Idempotent } from '@platform/service-kit';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, OptionalAuth } from '@platform/auth';
import type { FastifyReply } from 'fastify';
import { CompleteUploadDto, FileQuery, RequestUploadDto } from './dto/upload.dto';
import { MediaService, type UploadTicket } from './media.service';
import type { MediaView } from './media.views';

const Id = (): ParameterDecorator => Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 }));

@ApiTags('media')
@ApiBearerAuth()
@Controller()
export class MediaController {
  constructor(private readonly media: MediaService) {}

  @Post('uploads')
  @ApiErrors(413, 415)
  @Idempotent()
  requestUpload(@Body() dto: RequestUploadDto, @CurrentUser() user: AuthenticatedUser): Promise<UploadTicket> {
    return this.media.requestUpload(dto, user);
  }

  @Post('uploads/:id/complete')
  @HttpCode(200)
  @ApiErrors(409)
  complete(
    @Id() id: string,
    @Body() dto: CompleteUploadDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<MediaView> {
    return this.media.complete(id, dto.parts, user);
  }

  @Get(':id')
  get(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<MediaView> {
    return this.media.get(id, user);
  }

  /** The stable path catalog and lessons show (`coverUrl`, `media:` images, videos): a redirect to a fresh presigned URL. */
  @Get(':id/file')
  @OptionalAuth()
  async file(
    @Id() id: string,
    @Query() query: FileQuery,
    @Res() reply: FastifyReply,
    @CurrentUser() user?: AuthenticatedUser,
  ): Promise<void> {
    const url = await this.media.fileUrl(id, query.variant, user);
    void reply.header('cache-control', 'private, max-age=60').redirect(url, 302);
  }

  @Delete(':id')
  @HttpCode(204)
  delete(@Id() id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.media.delete(id, user);
  }
}
