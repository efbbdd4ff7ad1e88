import type { StoredPart } from '../storage/object-storage';

export interface ClaimedPart {
  partNumber: number;
  etag: string;
}

/** ETags travel quoted or not depending on the client: compared without quotes or case. */
const bareEtag = (etag: string): string => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase();

/**
 * What is wrong with the parts a client names to complete a multipart upload, compared with the
 * parts the store holds (ListParts) and the `expected` number the upload ticket handed out, or
 * undefined when they are exactly parts 1..expected as uploaded. Checked before the store is asked
 * to assemble them: a store given parts it never received may fail in ways we do not control.
 */
export function partsProblem(
  claimed: readonly ClaimedPart[],
  stored: readonly StoredPart[],
  expected: number,
): string | undefined {
  if (claimed.length > expected)
    return `This upload has ${expected} part${expected === 1 ? '' : 's'}; ${claimed.length} were listed`;
  let previous = 0;
  for (const { partNumber } of claimed) {
    if (partNumber === previous) return `Part ${partNumber} is listed twice`;
    if (partNumber < previous)
      return `Parts must be listed in ascending order: part ${partNumber} comes after part ${previous}`;
    if (partNumber > expected) return `Part ${partNumber} is beyond the ${expected} parts of this upload`;
    previous = partNumber;
  }
  // Ascending, unique and within 1..expected: a shorter list has a gap.
  const listed = new Set(claimed.map((part) => part.partNumber));
  for (let partNumber = 1; partNumber <= expected; partNumber++) {
    if (!listed.has(partNumber)) return `Part ${partNumber} is missing from the list`;
  }
  const held = new Map(stored.map((part) => [part.partNumber, part]));
  for (const part of claimed) {
    const upload = held.get(part.partNumber);
    if (!upload) return `Part ${part.partNumber} was never uploaded`;
    if (bareEtag(upload.etag) !== bareEtag(part.etag))
      return `The ETag of part ${part.partNumber} does not match the part that was uploaded`;
  }
  return undefined;
}
