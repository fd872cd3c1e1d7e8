/**
 * What a production folder holds: its load files, found by what they are
 * (a .dat, or a .csv/.txt with a header row naming a Bates column; an .opt or
 * .lfp beside it), grouped into volumes — one DAT and its image load file each —
 * and the folder each volume's paths are resolved in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { listVolumeFiles, resolveInVolume } from './load-files/volume-paths.ts';
import { readDat } from './load-files/dat.ts';
import { readLfp, readOpt } from './load-files/images.ts';
import { decodeText } from './load-files/decode.ts';
import { suggestMapping } from './load-files/fields.ts';
import type { DatTable, ImageTable, LoadProblem } from './types.ts';
import { AppError } from '../errors.ts';

export interface VolumeFiles {
  /** The volume's name as people say it (VOL001): the image load file's volume field, else its folder's name. */
  name: string;
  /** The folder the volume's paths are resolved in (absolute), and the production's root (a volume's paths may start above it). */
  root: string;
  productionRoot: string;
  /** The metadata load file and the image load file, relative to the production's root. */
  dat: string;
  images: string | null;
  table: DatTable;
  imageTable: ImageTable | null;
}

export interface ProductionFiles {
  volumes: VolumeFiles[];
  /** Every regular file of the production, relative to its root (to find those no record names). */
  files: string[];
  problems: LoadProblem[];
}

const ext = (f: string) => path.extname(f).toLowerCase();
const parts = (rel: string) => rel.split(/[\\/]+/);
const folderOf = (rel: string) => parts(rel).slice(0, -1).join('/');
/** Folders that hold load files rather than being the volume (the volume is their parent). */
const DATA_FOLDERS = new Set(['data', 'loadfiles', 'load files', 'load_files', 'loadfile', 'load']);
/** Text and native folders: a .txt or .csv there is a document, not a metadata load file. */
const CONTENT_FOLDERS = new Set(['text', 'texts', 'natives', 'native', 'images', 'image', 'ocr', 'extracted text']);

/** Whether a .csv/.txt file's first line is a header naming a first-Bates column (read from its first 64 KB). */
function looksLikeMetadata(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    // Only the header row matters: the DAT reader finds its separators (the rest of the head may end mid-record).
    const { header } = readDat(head.subarray(0, n), path.basename(file));
    if (header.length < 2) return false;
    return Object.values(suggestMapping(header)).includes('begBates');
  } finally {
    fs.closeSync(fd);
  }
}

/** Load files are read whole (they hold metadata, not documents): past this, the volume is to be split. */
const LOAD_FILE_LIMIT = 1024 * 1024 * 1024;

function readLoadFile(abs: string, rel: string): Buffer {
  const size = fs.statSync(abs).size;
  if (size > LOAD_FILE_LIMIT) {
    throw new AppError('BAD_INPUT', `path: the load file ${rel} is ${Math.round(size / 1024 / 1024)} MB; Sunshine reads load files up to ${LOAD_FILE_LIMIT / 1024 / 1024} MB. Split the production into volumes.`);
  }
  return fs.readFileSync(abs);
}

function readImageTable(abs: string, rel: string): ImageTable {
  const text = decodeText(readLoadFile(abs, rel)).text;
  return ext(rel) === '.lfp' ? readLfp(text, rel) : readOpt(text, rel);
}

/** The production in `root`: its volumes and files, nothing written. */
export function findProduction(root: string): ProductionFiles {
  const files = listVolumeFiles(root).map((f) => f.split(path.sep).join('/'));
  const problems: LoadProblem[] = [];
  const dats = files.filter((f) => ext(f) === '.dat');
  const metadata = dats.length
    ? dats
    : files.filter((f) => (ext(f) === '.csv' || ext(f) === '.txt') && !parts(f).slice(0, -1).some((p) => CONTENT_FOLDERS.has(p.toLowerCase())) && looksLikeMetadata(path.join(root, f)));
  const imageFiles = files.filter((f) => ext(f) === '.opt' || ext(f) === '.lfp');
  if (!metadata.length) {
    problems.push({
      severity: 'blocking',
      file: '',
      code: 'no-dat',
      message: 'no metadata load file found: a production needs a .dat (or a .csv/.txt whose header row names the first Bates number column)',
    });
  }
  const volumes = metadata.map((dat): VolumeFiles => {
    const folder = folderOf(dat);
    const base = path.basename(dat, path.extname(dat)).toLowerCase();
    const beside = imageFiles.filter((f) => folderOf(f) === folder);
    const images =
      beside.find((f) => path.basename(f, path.extname(f)).toLowerCase() === base) ?? (beside.length === 1 ? beside[0]! : imageFiles.length === 1 ? imageFiles[0]! : null);
    const volumeRel = DATA_FOLDERS.has(path.basename(folder).toLowerCase()) ? folderOf(folder) : folder;
    const volumeRoot = volumeRel ? path.join(root, volumeRel) : root;
    const table = readDat(readLoadFile(path.join(root, dat), dat), dat);
    const imageTable = images ? readImageTable(path.join(root, images), images) : null;
    const named = imageTable?.pages.find((p) => p.volume.trim())?.volume.trim();
    return {
      name: named || (volumeRel ? path.basename(volumeRoot) : path.basename(dat, path.extname(dat))),
      root: volumeRoot,
      productionRoot: root,
      dat,
      images,
      table,
      imageTable,
    };
  });
  if (metadata.length && !imageFiles.length) {
    problems.push({ severity: 'blocking', file: '', code: 'no-image-load-file', message: 'no image load file found (.opt or .lfp): the documents would have no pages' });
  }
  return { volumes, files, problems };
}

/** A path written in a load file, resolved in the volume's folder, else in the production's root. */
export function resolveIn(v: Pick<VolumeFiles, 'root' | 'productionRoot'>, written: string): { file: string } | { problem: string } {
  const first = resolveInVolume(v.root, written);
  if ('file' in first || v.root === v.productionRoot) return first;
  const second = resolveInVolume(v.productionRoot, written);
  return 'file' in second ? second : first;
}
