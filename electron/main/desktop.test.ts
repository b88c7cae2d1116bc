/**
 * The desktop conventions' logic, without Electron: which file a command line opens, requests held until
 * the window listens, and where a restored window goes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OpenRequests, projectFromArgv } from './open-requests';
import {
  loadWindowState,
  parseWindowState,
  restoreBounds,
  saveWindowState,
  WINDOW_STATE_FILE,
  type Rect,
} from './window-state';

describe('projectFromArgv', () => {
  it('finds a .quorum file after the executable, skipping switches', () => {
    expect(projectFromArgv(['/opt/Quorum/quorum', '--no-sandbox', '/home/a/lab.quorum'], '/x')).toBe(
      '/home/a/lab.quorum',
    );
  });

  it('resolves a relative path from the launching folder', () => {
    expect(projectFromArgv(['quorum', 'designs/Lab.QUORUM'], '/home/a')).toBe('/home/a/designs/Lab.QUORUM');
  });

  it('takes a file:// URL from the desktop entry', () => {
    const url = pathToFileURL('/home/a/my lab.quorum').href;
    expect(projectFromArgv(['quorum', url], '/')).toBe('/home/a/my lab.quorum');
  });

  it('ignores the dev app path, other files and a --flag=x.quorum switch', () => {
    expect(projectFromArgv(['electron', '.', 'notes.txt', '--open=x.quorum'], '/w')).toBeNull();
    expect(projectFromArgv(['quorum'], '/w')).toBeNull();
  });

  it('never takes the executable itself', () => {
    expect(projectFromArgv(['/tmp/odd.quorum'], '/w')).toBeNull();
  });

  it('takes the last of two projects', () => {
    expect(projectFromArgv(['quorum', '/a.quorum', '/b.quorum'], '/')).toBe('/b.quorum');
  });
});

describe('OpenRequests', () => {
  it('holds a request made before the window listens, then delivers it once', () => {
    const requests = new OpenRequests();
    const opened: string[] = [];
    requests.request('/first.quorum');
    requests.request('/second.quorum');
    expect(opened).toEqual([]);
    requests.listening((path) => opened.push(path));
    requests.request('/third.quorum');
    expect(opened).toEqual(['/second.quorum', '/third.quorum']);
  });

  it('holds requests again once the window is closed', () => {
    const requests = new OpenRequests();
    const opened: string[] = [];
    requests.listening((path) => opened.push(path));
    requests.closed();
    requests.request('/later.quorum');
    expect(opened).toEqual([]);
    requests.listening((path) => opened.push(`again ${path}`));
    expect(opened).toEqual(['again /later.quorum']);
  });
});

describe('restoreBounds', () => {
  const limits = { width: 1280, height: 820, minWidth: 900, minHeight: 600 };
  const laptop: Rect = { x: 0, y: 0, width: 1920, height: 1050 };
  const rightMonitor: Rect = { x: 1920, y: 0, width: 2560, height: 1400 };
  const state = (bounds: Rect) => ({ bounds, maximized: false });

  it('uses the defaults, fitted to the primary display, without a saved state', () => {
    expect(restoreBounds(null, [laptop], limits)).toEqual({ width: 1280, height: 820 });
    const small: Rect = { x: 0, y: 0, width: 1024, height: 700 };
    expect(restoreBounds(null, [small], limits)).toEqual({ width: 1024, height: 700 });
  });

  it('keeps saved bounds that lie on a display', () => {
    const saved = { x: 2100, y: 100, width: 1400, height: 900 };
    expect(restoreBounds(state(saved), [laptop, rightMonitor], limits)).toEqual(saved);
  });

  it('centres a window whose display is gone, keeping its size', () => {
    const saved = { x: 2100, y: 100, width: 1400, height: 900 };
    expect(restoreBounds(state(saved), [laptop], limits)).toEqual({ width: 1400, height: 900 });
  });

  it('pulls a window half off the edge back inside the display that shows it', () => {
    const saved = { x: 1500, y: -50, width: 1000, height: 700 };
    expect(restoreBounds(state(saved), [laptop], limits)).toEqual({ x: 920, y: 0, width: 1000, height: 700 });
  });

  it('shrinks a window larger than its display (resolution lowered), never below the work area', () => {
    const saved = { x: 10, y: 10, width: 2500, height: 1300 };
    expect(restoreBounds(state(saved), [laptop], limits)).toEqual({ x: 0, y: 0, width: 1920, height: 1050 });
  });

  it('needs a grabbable strip on screen: a sliver at the edge does not count', () => {
    const saved = { x: 1900, y: 100, width: 1000, height: 700 };
    expect(restoreBounds(state(saved), [laptop], limits)).toEqual({ width: 1000, height: 700 });
  });

  it('picks the display that shows most of a window spanning two', () => {
    const saved = { x: 1700, y: 100, width: 1200, height: 800 };
    expect(restoreBounds(state(saved), [laptop, rightMonitor], limits)).toMatchObject({ x: 1920, y: 100 });
  });

  it('honours a work area that does not start at 0 (a panel on the left or top)', () => {
    const withPanel: Rect = { x: 64, y: 32, width: 1856, height: 1018 };
    const saved = { x: 0, y: 0, width: 1000, height: 700 };
    expect(restoreBounds(state(saved), [withPanel], limits)).toEqual({
      x: 64,
      y: 32,
      width: 1000,
      height: 700,
    });
  });
});

describe('window state file', () => {
  it('round-trips and refuses what it did not write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quorum-window-'));
    expect(loadWindowState(dir)).toBeNull();
    const saved = { bounds: { x: 5, y: 6, width: 1000, height: 700 }, maximized: true };
    saveWindowState(dir, saved);
    expect(loadWindowState(dir)).toEqual(saved);
    writeFileSync(join(dir, WINDOW_STATE_FILE), '{"bounds":{"x":1},"maximized":true}');
    expect(loadWindowState(dir)).toBeNull();
    writeFileSync(join(dir, WINDOW_STATE_FILE), 'garbage');
    expect(loadWindowState(dir)).toBeNull();
    expect(parseWindowState({ bounds: { x: 0, y: 0, width: -1, height: 5 }, maximized: false })).toBeNull();
    expect(parseWindowState({ bounds: { x: 0, y: 0, width: 1, height: 5 }, maximized: 'no' })).toBeNull();
  });
});
