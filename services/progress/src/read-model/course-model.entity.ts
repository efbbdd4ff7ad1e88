import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** progress's own copy of a course catalog published, fed only by catalog events. */
@Entity({ tableName: 'course_models' })
export class CourseModel {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  /** The catalog revision this copy reflects; older snapshots are ignored. */
  @Property({ type: 'integer' })
  revision: number;

  @Property({ type: 'string', length: 200 })
  title: string;

  @Property({ type: 'boolean' })
  published: boolean;

  constructor(id: string, revision: number, title: string, published: boolean) {
    this.id = id;
    this.revision = revision;
    this.title = title;
    this.published = published;
  }
}
