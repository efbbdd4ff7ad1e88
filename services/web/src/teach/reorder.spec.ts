import { byPosition, moveRequest } from './reorder';

const items = [
  { id: 'c', position: 3 },
  { id: 'a', position: 1 },
  { id: 'b', position: 2 },
];

describe('reorder', () => {
  it('orders by position', () => {
    expect(byPosition(items).map((i) => i.id)).toEqual(['a', 'b', 'c']);
  });

  it('moves an item to its neighbour’s position', () => {
    expect(moveRequest(items, 1, -1)).toEqual({ id: 'b', position: 1 });
    expect(moveRequest(items, 1, 1)).toEqual({ id: 'b', position: 3 });
  });

  it('cannot move past either end', () => {
    expect(moveRequest(items, 0, -1)).toBeNull();
    expect(moveRequest(items, 2, 1)).toBeNull();
  });
});
