using FsCheck;
using FsCheck.Fluent;
using RuleForge.Storage.Rules;

namespace RuleForge.Storage.Tests.Rules;

public sealed class RuleIdGeneratorTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Clock moves in milliseconds (back, still or forward) and how many ids to draw at each reading.</summary>
    private static readonly Arbitrary<(int Seed, (int Move, int Count)[] Steps)> Walks =
        (from seed in Gen.Choose(0, int.MaxValue - 1)
         from steps in Gen.ArrayOf(from move in Gen.Choose(-5, 5) from count in Gen.Choose(1, 4) select (move, count))
         select (seed, steps)).ToArbitrary();

    [Fact]
    public void Ids_strictly_increase_and_keep_their_shape_whatever_the_clock_does()
    {
        Prop.ForAll(Walks, walk =>
        {
            var random = new Random(walk.Seed);
            var generator = new RuleIdGenerator(() => (uint)random.NextInt64(0, 1L << 32));
            var now = Start;
            var ids = new List<string>();
            foreach (var (move, count) in walk.Steps)
            {
                now = now.AddMilliseconds(move);
                var drawn = new string[count];
                generator.Fill(now, drawn);
                ids.AddRange(drawn);
            }

            return ids.Zip(ids.Skip(1)).All(p => string.CompareOrdinal(p.First, p.Second) < 0)
                && ids.All(id => id.Length == RuleIdGenerator.Length && id.All(char.IsAsciiHexDigitLower));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_time_part_is_the_clock_in_milliseconds_and_a_later_millisecond_sorts_after()
    {
        var generator = new RuleIdGenerator(() => 0xFFFF_FFFF);
        var first = generator.Next(Start);
        first.ShouldBe("019b76daa8007fffffff"); // 2026-01-01T00:00Z in ms since 1970, then the random start without its top bit
        generator.Next(Start).ShouldBe("019b76daa80080000000");
        generator.Next(Start.AddMilliseconds(1)).ShouldBe("019b76daa8017fffffff");
    }

    [Fact]
    public void A_clock_going_back_never_repeats_or_lowers_an_id()
    {
        var generator = new RuleIdGenerator(() => 1);
        var late = generator.Next(Start.AddSeconds(1));
        var early = generator.Next(Start);
        string.CompareOrdinal(early, late).ShouldBeGreaterThan(0);
        early[..12].ShouldBe(late[..12]);
    }

    [Fact]
    public void Generators_on_the_same_millisecond_are_kept_apart_by_their_random_starts()
    {
        var a = new RuleIdGenerator(() => 100);
        var b = new RuleIdGenerator(() => 100_000);
        var fromA = new string[1000];
        var fromB = new string[1000];
        a.Fill(Start, fromA);
        b.Fill(Start, fromB);
        fromA.Intersect(fromB).ShouldBeEmpty();
    }
}
