import test from "ava";
import { ReportEpoch } from "../agent/report-epoch.js";

/** A report builder that, for its first `changes` builds, sees a command result written meanwhile. */
function builderThatOverlaps(epoch: ReportEpoch, changes: number): { build: () => Promise<number>; builds: () => number } {
  let builds = 0;
  return {
    build: async () => {
      builds++;
      await Promise.resolve();
      if (builds <= changes) epoch.advance();
      return builds;
    },
    builds: () => builds,
  };
}

test("a report built without interference is published at once", async (t) => {
  const epoch = new ReportEpoch();
  const published: number[] = [];
  const builder = builderThatOverlaps(epoch, 0);
  t.true(await epoch.publishUnchanged(builder.build, (report) => published.push(report), 3));
  t.deepEqual(published, [1]);
});

test("a report that overlapped a command result is rebuilt, and only the fresh one is published", async (t) => {
  const epoch = new ReportEpoch();
  const published: number[] = [];
  const builder = builderThatOverlaps(epoch, 2);
  t.true(await epoch.publishUnchanged(builder.build, (report) => published.push(report), 3));
  t.deepEqual(published, [3]);
});

test("after the attempts run out nothing is published", async (t) => {
  const epoch = new ReportEpoch();
  const published: number[] = [];
  const builder = builderThatOverlaps(epoch, 5);
  t.false(await epoch.publishUnchanged(builder.build, (report) => published.push(report), 3));
  t.deepEqual(published, []);
  t.is(builder.builds(), 3);
});
