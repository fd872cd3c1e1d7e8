import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataFlagFrom, platformUserDataDir, resolveDataDir } from '../../core/datadir.ts';

describe('the data folder', () => {
  it('is --data, else SUNSHINE_DATA, else the platform user-data folder', () => {
    const env = { SUNSHINE_DATA: '/srv/env-data' };
    expect(resolveDataDir({ flag: '/srv/flag', env })).toBe(path.resolve('/srv/flag'));
    expect(resolveDataDir({ env })).toBe(path.resolve('/srv/env-data'));
    expect(resolveDataDir({ env: {}, platform: 'linux', home: '/home/ada' })).toBe('/home/ada/.config/Sunshine');
    expect(resolveDataDir({ flag: '  ', env: { SUNSHINE_DATA: '' }, platform: 'linux', home: '/home/ada' })).toBe('/home/ada/.config/Sunshine');
  });

  it('matches Electron’s userData on each platform', () => {
    expect(platformUserDataDir('linux', { XDG_CONFIG_HOME: '/x/cfg' }, '/home/ada')).toBe('/x/cfg/Sunshine');
    expect(platformUserDataDir('darwin', {}, '/Users/ada')).toBe('/Users/ada/Library/Application Support/Sunshine');
    expect(platformUserDataDir('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada')).toBe('C:\\Users\\ada\\AppData\\Roaming\\Sunshine');
  });

  it('makes a relative --data absolute', () => {
    expect(resolveDataDir({ flag: 'my-data', env: {} })).toBe(path.resolve('my-data'));
  });

  it('finds --data in a raw argv in both spellings', () => {
    expect(dataFlagFrom(['electron', '.', '--data', '/d'])).toBe('/d');
    expect(dataFlagFrom(['electron', '--data=/e'])).toBe('/e');
    expect(dataFlagFrom(['electron', '.'])).toBeUndefined();
  });
});
