import test from "ava";
import { verdictXml } from "../broker/verifier/connection-verifier.js";

test("the verifier answers in the XML DCV servers expect, escaping the text", (t) => {
  t.is(verdictXml({ valid: true, username: "alice" }), '<auth result="yes"><username>alice</username></auth>');
  t.is(
    verdictXml({ valid: false, message: `bad <token> & "quotes"` }),
    '<auth result="no"><message>bad &lt;token&gt; &amp; &quot;quotes&quot;</message></auth>',
  );
  t.is(verdictXml({ valid: true, username: "DOMAIN\\o'neil" }), "<auth result=\"yes\"><username>DOMAIN\\o&apos;neil</username></auth>");
});
