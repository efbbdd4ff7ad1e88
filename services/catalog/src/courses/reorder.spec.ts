import { moveTo, renumber } from './reorder';

const list = () => [1, 2, 3, 4].map((position) => ({ name: `item${position}`, position }));
const names = (items: Array<{ name: string; position: number }>) =>
  [...items].sort((a, b) => a.position - b.position).map((i) => i.name);

describe('reordering', () => {
  it('moves an item up, down, and clamps out-of-range positions', () => {
    const items = list();
    moveTo(items, items[3], 1);
    expect(names(items)).toEqual(['item4', 'item1', 'item2', 'item3']);
    moveTo(items, items[3], 99);
    expect(names(items)).toEqual(['item1', 'item2', 'item3', 'item4']);
    moveTo(items, items[0], 3);
    expect(names(items)).toEqual(['item2', 'item3', 'item1', 'item4']);
    expect(items.map((i) => i.position).sort()).toEqual([1, 2, 3, 4]);
  });

  it('closes gaps after a removal', () => {
    const items = list().filter((i) => i.position !== 2);
    renumber(items);
    expect(items.map((i) => [i.name, i.position])).toEqual([
      ['item1', 1],
      ['item3', 2],
      ['item4', 3],
    ]);
  });
});
