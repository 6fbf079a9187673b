// images.mjs: test pictures for the photo tests, made with the vips CLI
// (libvips-tools) and exiftool (libimage-exiftool-perl), and cached under
// tests/.tmp/images so each is made once. Each function returns the path of
// its file; read() gives its bytes.
//   gpsJpeg()       400×300 JPEG whose top half is white, the bottom black,
//                   with EXIF GPS (39.33 N 112.43 E), a camera, an artist and
//                   Orientation 6 (shown turned 90° clockwise: 300×400, the
//                   white half on the right)
//   png(), webp()   small images of those formats
//   textAsJpg()     a text file named .jpg
//   truncatedJpeg() a real JPEG cut off half way
//   hugePng()       20000×20000 pixels (a decompression bomb: 49 KB of 1-bit PNG)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './harness.mjs';

const dir = path.join(root, 'tests', '.tmp', 'images');

// Returns the cached file name, making it with make(tmpdir, out) if missing.
function cached(name, make) {
  const out = path.join(dir, name);
  if (fs.existsSync(out)) return out;
  fs.mkdirSync(dir, { recursive: true });
  const work = fs.mkdtempSync(path.join(dir, 'work-'));
  try {
    const tmp = path.join(work, name);
    make(work, tmp);
    fs.renameSync(tmp, out);	// whole, or not at all
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return out;
}

const vips = (...args) => execFileSync('vips', args, { stdio: ['ignore', 'ignore', 'pipe'] });

// A 400×300 picture, white above and black below, as a .v file in work.
function halves(work) {
  const v = (n) => path.join(work, n);
  vips('black', v('top.v'), '400', '150');
  vips('linear', v('top.v'), v('white.v'), '1', '255', '--uchar');
  vips('black', v('bottom.v'), '400', '150');
  vips('join', v('white.v'), v('bottom.v'), v('halves.v'), 'vertical');
  return v('halves.v');
}

// A 320×240 grey-gradient picture (something to compress), as a .v file.
function gradient(work) {
  const v = (n) => path.join(work, n);
  vips('xyz', v('xyz.v'), '320', '240');
  vips('extract_band', v('xyz.v'), v('x.v'), '0');
  vips('linear', v('x.v'), v('g.v'), '0.7', '20', '--uchar');
  return v('g.v');
}

export function gpsJpeg() {
  return cached('gps.jpg', (work, out) => {
    vips('copy', halves(work), `${out}[Q=90]`);
    execFileSync('exiftool', ['-q', '-overwrite_original', '-GPSLatitude=39.33',
      '-GPSLatitudeRef=N', '-GPSLongitude=112.43', '-GPSLongitudeRef=E',
      '-Orientation#=6', '-Make=TestCam', '-Model=X1', '-Artist=王女士',
      '-XMP:Description=马邑村东街12号', out]);
  });
}

export function png() {
  return cached('photo.png', (work, out) => vips('copy', gradient(work), out));
}

export function webp() {
  return cached('photo.webp', (work, out) => vips('copy', gradient(work), out));
}

export function textAsJpg() {
  return cached('letter.jpg', (work, out) => fs.writeFileSync(out, '这不是照片，是一段文字。\n'.repeat(20)));
}

export function truncatedJpeg() {
  return cached('cut.jpg', (work, out) => {
    const whole = path.join(work, 'whole.jpg');
    vips('copy', gradient(work), `${whole}[Q=90]`);
    const b = fs.readFileSync(whole);
    fs.writeFileSync(out, b.subarray(0, Math.floor(b.length / 2)));
  });
}

export function hugePng() {
  return cached('huge.png', (work, out) => vips('black', `${out}[bitdepth=1,compression=9]`, '20000', '20000'));
}

// The bytes of a file.
export const read = (file) => fs.readFileSync(file);

// What exiftool reads in a file: { 'Group:Tag': value } (-G, numbers as
// numbers). Used to prove no metadata is left.
export function metadata(file) {
  return JSON.parse(execFileSync('exiftool', ['-j', '-G', '-n', file], { encoding: 'utf8' }))[0];
}

// { width, height } of an image file, as vips reads it.
export function size(file) {
  const h = (f) => Number(execFileSync('vipsheader', ['-f', f, file], { encoding: 'utf8' }).trim());
  return { width: h('width'), height: h('height') };
}

// The value of pixel (x, y) of an image file (its first band), 0..255.
export function pixel(file, x, y) {
  return Number(execFileSync('vips', ['getpoint', file, String(x), String(y)], { encoding: 'utf8' })
    .trim().split(/\s+/)[0]);
}
