// Every Adaptive Card ChangeBot renders for Teams must parse cleanly in Microsoft's own `adaptivecards`
// library. The .NET test AdaptiveCardsJsTests renders the cards into CHANGEBOT_CARDS_DIR and runs this file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

// The package's ESM build uses extension-less imports that Node cannot resolve; its UMD bundle loads fine.
const AC = createRequire(import.meta.url)("adaptivecards/dist/adaptivecards.js");
const cardsDir = process.env.CHANGEBOT_CARDS_DIR;

/** Parse and validation messages for one card; empty when the library accepts it fully. */
function problems(json) {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const found = [];
  for (let i = 0; i < context.eventCount; i++) {
    found.push(`parse: ${context.getEventAt(i).message}`);
  }
  for (const event of card.validateProperties().validationEvents) {
    found.push(`validate: ${event.message}`);
  }
  return found;
}

test("the check itself reports a broken card", () => {
  assert.notDeepEqual(problems({ type: "AdaptiveCard", version: "1.5", body: [{ type: "NoSuchElement" }] }), []);
  assert.notDeepEqual(problems({ type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock" }], actions: [{ type: "Action.Submit", title: "a", data: 1 }, { type: "Action.Bogus" }] }), []);
});

test("every card ChangeBot renders for Teams parses without errors", { skip: cardsDir ? false : "CHANGEBOT_CARDS_DIR is not set (the .NET test AdaptiveCardsJsTests sets it)" }, async (t) => {
  const files = readdirSync(cardsDir).filter((f) => f.endsWith(".json")).sort();
  assert.ok(files.length > 0, `no cards in ${cardsDir}`);
  for (const file of files) {
    await t.test(file, () => {
      const card = JSON.parse(readFileSync(join(cardsDir, file), "utf8"));
      assert.equal(card.type, "AdaptiveCard");
      assert.equal(card.version, "1.5");
      assert.deepEqual(problems(card), []);
    });
  }
});
