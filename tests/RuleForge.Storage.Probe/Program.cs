using System.Globalization;
using RuleForge.Core.Rules;
using RuleForge.Storage;

// Usage: RuleForge.Storage.Probe <db> <rule-id> <updates> <writer-name>
//        RuleForge.Storage.Probe <db> --add <rules> <writer-name>
// Each update sets the description to "<writer-name>-<i>", so the test can check that no update was lost.
// --add adds rules without ids (half one by one, half in one AddManyAsync) described "<writer-name>-<i>", on a clock
// that stands still at the same instant in every process, so their ids' time parts are equal and only the rest
// tells the processes apart.
if (args.Length != 4)
{
    await Console.Error.WriteLineAsync("usage: RuleForge.Storage.Probe <db> <rule-id>|--add <count> <writer-name>");
    return 2;
}

var count = int.Parse(args[2], CultureInfo.InvariantCulture);
if (args[1] == "--add")
{
    await using var fixedDb = RuleForgeDatabase.Open(args[0], new FixedClock(), TimeSpan.FromMinutes(5));
    Rule Make(int i) => new()
    {
        Name = $"probe {args[3]} {i}", Domain = "probe", Description = $"{args[3]}-{i}",
        Body = new GuidelineRule { Markdown = "probe" },
    };
    for (var i = 0; i < count / 2; i++)
    {
        await fixedDb.Rules.AddAsync(Make(i), null, CancellationToken.None);
    }

    await fixedDb.Rules.AddManyAsync([.. Enumerable.Range(count / 2, count - (count / 2)).Select(Make)], CancellationToken.None);
    return 0;
}

// The test checks lost updates, not lock waits: on a loaded machine a writer may wait long for its turn.
await using var db = RuleForgeDatabase.Open(args[0], sqliteBusyTimeout: TimeSpan.FromMinutes(5));
for (var i = 0; i < count; i++)
{
    await db.Rules.UpdateAsync(args[1], new RulePatch { Description = $"{args[3]}-{i}" }, $"probe {args[3]}", null, CancellationToken.None);
}

return 0;

/// <summary>A clock that never moves.</summary>
internal sealed class FixedClock : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
