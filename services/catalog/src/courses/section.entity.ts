import { randomUUID } from 'node:crypto';
import { Collection, Entity, ManyToOne, OneToMany, PrimaryKey, Property } from '@mikro-orm/core';
import { Course } from './course.entity';
import { Lesson } from './lesson.entity';

@Entity({ tableName: 'sections' })
export class Section {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Course, { deleteRule: 'cascade' })
  course: Course;

  @Property({ type: 'string', length: 200 })
  title: string;

  @Property({ type: 'integer' })
  position: number;

  @OneToMany(() => Lesson, (lesson) => lesson.section, { orderBy: { position: 'asc' } })
  lessons = new Collection<Lesson>(this);

  constructor(course: Course, title: string, position: number) {
    this.course = course;
    this.title = title;
    this.position = position;
  }
}
