/**
 * The format of a scheduled export (migration 011): kept as given, found and listed with the export
 * (test/store/report-export-format-migration.test.ts: a row written before 011 reads as csv).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ReportExportRecord } from '../../../src/store/records.ts';
import type { Store } from '../../../src/store/store.ts';
import type { OpenedStore } from '../store-contract.ts';

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

const exportFixture = (overrides: Partial<Omit<ReportExportRecord, 'id'>> = {}): Omit<ReportExportRecord, 'id'> => ({
  report: 'call-attempts', campaignName: null, frequency: 'daily', timeOfDay: '02:00', timeZone: 'UTC', nextRunAt: T0 + 7_200_000,
  createdBy: 'sup', createdAt: T0, format: 'csv', ...overrides,
});

export function reportExportFormatContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`Store contract: ${name}: report export format`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });
    afterEach(async () => {
      await cleanup();
    });

    it('keeps each export\'s format', async () => {
      const csv = await store.reportExports.create(exportFixture());
      const xlsx = await store.reportExports.create(exportFixture({ report: 'ntc', format: 'xlsx' }));
      assert.deepEqual(xlsx, { ...exportFixture({ report: 'ntc', format: 'xlsx' }), id: xlsx.id });
      assert.deepEqual(await store.reportExports.findById(xlsx.id), xlsx);
      assert.deepEqual((await store.reportExports.list()).map((e) => [e.id, e.format]), [[csv.id, 'csv'], [xlsx.id, 'xlsx']]);
    });
  });
}
