import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  paginateListParts,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Injectable } from '@nestjs/common';
import { MediaConfig } from '../config/media.config';

/** A part of a multipart upload as the store holds it. */
export interface StoredPart {
  partNumber: number;
  etag: string;
  size: number;
}

/** The largest object one CopyObject can copy (S3's limit); larger ones need UploadPartCopy. */
export const COPY_OBJECT_MAX_BYTES = 5 * 1024 ** 3;

/**
 * The bucket, through AWS SDK v3 only: S3 in production, MinIO on minikube, s3rver locally. URLs
 * for the browser are signed with a client configured for the public endpoint (the host is part of
 * the signature), server-side calls use the internal one.
 */
@Injectable()
export class ObjectStorage {
  private readonly internal: S3Client;
  private readonly publicSigner: S3Client;
  private readonly bucket: string;

  constructor(private readonly config: MediaConfig) {
    const base = {
      region: config.S3_REGION,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      // s3rver (and some MinIO versions) store streamed bodies with their chunk framing otherwise.
      requestChecksumCalculation: 'WHEN_REQUIRED' as const,
      responseChecksumValidation: 'WHEN_REQUIRED' as const,
      ...(config.AWS_ACCESS_KEY_ID && config.AWS_SECRET_ACCESS_KEY
        ? { credentials: { accessKeyId: config.AWS_ACCESS_KEY_ID, secretAccessKey: config.AWS_SECRET_ACCESS_KEY } }
        : {}),
    };
    this.internal = new S3Client({ ...base, ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}) });
    const publicEndpoint = config.S3_PUBLIC_ENDPOINT ?? config.S3_ENDPOINT;
    this.publicSigner = new S3Client({ ...base, ...(publicEndpoint ? { endpoint: publicEndpoint } : {}) });
    this.bucket = config.S3_BUCKET;
  }

  /**
   * A presigned PUT for exactly `size` bytes of `contentType`: both headers are part of the
   * signature, so S3 and MinIO refuse a body of another size (a quota attack with a URL for a small
   * cover) or type. s3rver does not check content-length; `complete` checks the stored size anyway.
   */
  presignPut(key: string, contentType: string, size: number): Promise<string> {
    return getSignedUrl(
      this.publicSigner,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: size }),
      // content-type is not signed by default; the upload ticket tells the browser to send it.
      { expiresIn: this.config.UPLOAD_URL_TTL_SECONDS, signableHeaders: new Set(['content-type']) },
    );
  }

  presignGet(key: string, contentType?: string): Promise<string> {
    return getSignedUrl(
      this.publicSigner,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentType: contentType }),
      {
        expiresIn: this.config.DOWNLOAD_URL_TTL_SECONDS,
      },
    );
  }

  async startMultipart(key: string, contentType: string): Promise<string> {
    const { UploadId } = await this.internal.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }),
    );
    return UploadId!;
  }

  /** A presigned PUT of one part of exactly `size` bytes; a part can be PUT again (a retry replaces it). */
  presignPart(key: string, uploadId: string, partNumber: number, size: number): Promise<string> {
    return getSignedUrl(
      this.publicSigner,
      new UploadPartCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: uploadId,
        PartNumber: partNumber,
        ContentLength: size,
      }),
      { expiresIn: this.config.UPLOAD_URL_TTL_SECONDS },
    );
  }

  async completeMultipart(
    key: string,
    uploadId: string,
    parts: Array<{ partNumber: number; etag: string }>,
  ): Promise<void> {
    await this.internal.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
      }),
    );
  }

  /** The parts the store holds for an unfinished multipart upload, in part-number order; undefined if there is no such upload. */
  async listParts(key: string, uploadId: string): Promise<StoredPart[] | undefined> {
    const parts: StoredPart[] = [];
    try {
      for await (const page of paginateListParts(
        { client: this.internal },
        { Bucket: this.bucket, Key: key, UploadId: uploadId },
      )) {
        for (const part of page.Parts ?? []) {
          parts.push({ partNumber: part.PartNumber!, etag: part.ETag ?? '', size: part.Size ?? 0 });
        }
      }
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    return parts.sort((a, b) => a.partNumber - b.partNumber);
  }

  /**
   * A server-side copy within the bucket. One CopyObject is enough: no upload purpose allows more
   * than COPY_OBJECT_MAX_BYTES (upload-policy.spec.ts holds that).
   */
  async copy(from: string, to: string): Promise<void> {
    await this.internal.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: to,
        CopySource: `${this.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`,
      }),
    );
  }

  /** Drops the parts of an unfinished multipart upload (they cost storage until aborted). */
  async abortMultipart(key: string, uploadId: string): Promise<void> {
    try {
      await this.internal.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** Size of a stored object, or undefined if there is none. */
  async sizeOf(key: string): Promise<number | undefined> {
    try {
      return (await this.internal.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }))).ContentLength;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Buffer> {
    const response = await this.internal.send(
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
      }),
    );
    return Buffer.from(await response.Body!.transformToByteArray());
  }

  /** The whole object, or undefined if there is none. */
  async readIfExists(key: string): Promise<Buffer | undefined> {
    try {
      return await this.read(key);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async write(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.internal.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }

  async remove(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.internal.send(
      new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }),
    );
  }
}

function isNotFound(error: unknown): boolean {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return $metadata?.httpStatusCode === 404 || name === 'NoSuchKey' || name === 'NoSuchUpload' || name === 'NotFound';
}
