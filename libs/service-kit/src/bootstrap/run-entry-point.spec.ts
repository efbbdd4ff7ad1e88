import { ConfigValidationError } from '../config/config-validation.error';
import { runEntryPoint } from './run-entry-point';

describe('runEntryPoint', () => {
  let exit: jest.SpyInstance;
  let printed: jest.SpyInstance;

  beforeEach(() => {
    exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  async function settled(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
  }

  it('prints a rejection as its message alone and exits 1', async () => {
    runEntryPoint(() => Promise.reject(new Error('database unreachable')));
    await settled();
    expect(printed).toHaveBeenCalledWith('database unreachable');
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('reports an invalid configuration thrown before the first await the same way', async () => {
    runEntryPoint(() => {
      throw new ConfigValidationError(['PORT must be a number']);
    });
    await settled();
    expect(printed).toHaveBeenCalledWith('Invalid configuration:\n  - PORT must be a number');
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('exits with the code an entry point resolves with', async () => {
    runEntryPoint(async () => 3);
    await settled();
    expect(exit).toHaveBeenCalledWith(3);
    expect(printed).not.toHaveBeenCalled();
  });

  it('leaves a server that started running', async () => {
    runEntryPoint(async () => undefined);
    await settled();
    expect(exit).not.toHaveBeenCalled();
    expect(printed).not.toHaveBeenCalled();
  });
});
