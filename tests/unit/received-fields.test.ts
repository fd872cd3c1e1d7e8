import { describe, expect, it } from 'vitest';
import { checkMapping, columnSamples, suggestMapping } from '../../core/received/load-files/fields.ts';

describe('suggestMapping', () => {
  it('recognises the usual names whatever their case and punctuation; the rest is metadata', () => {
    const header = ['BEGDOC', 'End Bates', 'Beg_Attach', 'ENDATTACH', 'Parent Doc ID', 'All Custodians', 'Author(email)', 'Recipients', 'CC', 'BCC', 'EmailSubject', 'Title', 'Date Sent', 'SentTime', 'DocDate', 'Original Filename', 'FileExt', 'MD5 Hash', 'SHA-1', 'Native File', 'Text Precedence', 'Page Count', 'Designation', 'Review Batch'];
    expect(suggestMapping(header)).toEqual({
      BEGDOC: 'begBates',
      'End Bates': 'endBates',
      Beg_Attach: 'begAttach',
      ENDATTACH: 'endAttach',
      'Parent Doc ID': 'parent',
      'All Custodians': 'custodian',
      'Author(email)': 'from',
      Recipients: 'to',
      CC: 'cc',
      BCC: 'bcc',
      EmailSubject: 'subject',
      Title: 'title',
      'Date Sent': 'dateSent',
      SentTime: 'timeSent',
      DocDate: 'dateCreated',
      'Original Filename': 'fileName',
      FileExt: 'fileExtension',
      'MD5 Hash': 'md5',
      'SHA-1': 'sha1',
      'Native File': 'nativePath',
      'Text Precedence': 'textPath',
      'Page Count': 'pageCount',
      Designation: 'confidentiality',
      'Review Batch': 'metadata',
    });
  });

  it.each([
    ['Begin Bates'],
    ['ProdBeg'],
    ['BEGNO'],
    ['Bates Begin'],
    ['StartBates'],
    ['BegBates'],
  ])('takes %s as the first Bates number', (name) => {
    expect(suggestMapping([name, 'Other'])[name]).toBe('begBates');
  });

  it('takes DocID as the first Bates number only when no column is named like one', () => {
    expect(suggestMapping(['DocID', 'Custodian'])).toEqual({ DocID: 'begBates', Custodian: 'custodian' });
    expect(suggestMapping(['DocID', 'ProdBeg'])).toEqual({ DocID: 'docId', ProdBeg: 'begBates' });
  });

  it('gives each target one column, the best-named, the others metadata', () => {
    expect(suggestMapping(['Author', 'From', 'Subject', 'EmailSubject', 'MD5', 'MD5Hash'])).toEqual({
      Author: 'metadata',
      From: 'from',
      Subject: 'subject',
      EmailSubject: 'metadata',
      MD5: 'metadata',
      MD5Hash: 'md5',
    });
  });

  it('lets a party\'s remembered mapping win for the columns it names', () => {
    const remembered = { 'Control No': 'begBates', Custodian: 'ignore', Sender: 'from' } as const;
    expect(suggestMapping(['Control No', 'BegBates', 'Custodian', 'Sender', 'From', 'Gone'], remembered)).toEqual({
      'Control No': 'begBates',
      BegBates: 'metadata',
      Custodian: 'ignore',
      Sender: 'from',
      From: 'metadata',
      Gone: 'metadata',
    });
  });
});

describe('checkMapping', () => {
  it('passes a suggested mapping with a begBates', () => {
    const header = ['BegBates', 'EndBates', 'Notes'];
    expect(checkMapping(header, suggestMapping(header))).toEqual([]);
  });

  it('names each problem plainly', () => {
    const problems = checkMapping(['Bates', 'From', 'Sender', 'Extra'], { Bates: 'metadata', From: 'from', Sender: 'from', Missing: 'to', Extra: 'bogus' as never });
    expect(problems).toEqual([
      'The mapping names "Missing", which is not a column of the load file.',
      expect.stringMatching(/^The column "Extra" is mapped to "bogus", which is not a field Sunshine knows \(use one of begBates, /),
      'from is the use of more than one column ("From", "Sender"); choose one.',
      'No column is taken as the first Bates number (begBates); every record needs one.',
    ]);
    expect(checkMapping(['BegBates', 'X'], { BegBates: 'begBates' })).toEqual(['The mapping does not say what the column "X" is.']);
  });
});

describe('columnSamples', () => {
  it('gives the first n non-empty values of each column', () => {
    const table = {
      header: ['BegBates', 'Custodian', 'Empty'],
      records: [
        { line: 2, values: ['A1', '', ''] },
        { line: 3, values: ['A2', 'Doe', ' '] },
        { line: 4, values: ['A3', 'Roe', ''] },
        { line: 5, values: ['A4', 'Poe', ''] },
        { line: 6, values: ['A5', 'Moe', ''] },
      ],
    };
    expect(columnSamples(table)).toEqual({ BegBates: ['A1', 'A2', 'A3'], Custodian: ['Doe', 'Roe', 'Poe'], Empty: [] });
    expect(columnSamples(table, 1)).toEqual({ BegBates: ['A1'], Custodian: ['Doe'], Empty: [] });
  });
});
