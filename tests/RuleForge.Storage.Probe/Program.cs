using System.Globalization;
using RuleForge.Core.Rules;
using RuleForge.Storage;

// Usage: RuleForge.Storage.Probe <db> <rule-id> <updates> <writer-name>
// Each update sets the description to "<writer-name>-<i>", so the test can check that no update was lost.
if (args.Length != 4)
{
    await Console.Error.WriteLineAsync("usage: RuleForge.Storage.Probe <db> <rule-id> <updates> <writer-name>");
    return 2;
}

// The test checks lost updates, not lock waits: on a loaded machine a writer may wait long for its turn.
await using var db = RuleForgeDatabase.Open(args[0], sqliteBusyTimeout: TimeSpan.FromMinutes(5));
var count = int.Parse(args[2], CultureInfo.InvariantCulture);
for (var i = 0; i < count; i++)
{
    await db.Rules.UpdateAsync(args[1], new RulePatch { Description = $"{args[3]}-{i}" }, $"probe {args[3]}", null, CancellationToken.None);
}

return 0;
