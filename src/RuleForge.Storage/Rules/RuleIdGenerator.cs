using System.Globalization;
using System.Security.Cryptography;

namespace RuleForge.Storage.Rules;

/// <summary>
/// Ids for rules added without one: 20 lowercase hex digits, the first 12 the milliseconds since the Unix epoch on
/// the repository's clock, the last 8 a 32-bit sequence that starts at a random value below 2^31 in each new
/// millisecond and counts up within it. Ids made by one generator strictly increase (ordinal order), even when the
/// clock stands still or goes back (then the last id plus one, its time part possibly running ahead), so a bulk add
/// appends to every b-tree keyed by rule id instead of writing all over it (random ids did). The random start keeps
/// processes apart: two processes in the same millisecond collide only if their ranges overlap (about n / 2^31 for
/// n ids each); a duplicate is refused by the primary key with a clear message, never overwritten. Ids stay opaque:
/// stored ids of any other shape (the 16 random hex digits of earlier versions, ids given by users) keep working.
/// </summary>
public sealed class RuleIdGenerator
{
    /// <summary>Hex digits of a generated id.</summary>
    public const int Length = 20;

    private const ulong MaxMilliseconds = (1UL << 48) - 1;

    private readonly Lock _gate = new();
    private readonly Func<uint> _randomStart;
    private ulong _milliseconds;
    private uint _sequence;
    private bool _started;

    /// <summary>A generator; <paramref name="randomStart"/> draws each millisecond's first sequence value (default: cryptographic randomness).</summary>
    /// <remarks>
    /// Not a seeded <see cref="Random"/>: processes started with the same seed would then make the same ids.
    /// </remarks>
    public RuleIdGenerator(Func<uint>? randomStart = null) => _randomStart = randomStart ?? CryptoStart;

    /// <summary>The process's generator: every repository in the process draws from it, so their ids increase together.</summary>
    public static RuleIdGenerator Shared { get; } = new();

    /// <summary>The next id at <paramref name="now"/>.</summary>
    public string Next(DateTimeOffset now)
    {
        var ids = new string[1];
        Fill(now, ids);
        return ids[0];
    }

    /// <summary>Fills <paramref name="ids"/> with consecutive ids at <paramref name="now"/>, under one lock.</summary>
    public void Fill(DateTimeOffset now, Span<string> ids)
    {
        var clock = (ulong)Math.Clamp(now.ToUnixTimeMilliseconds(), 0, (long)MaxMilliseconds);
        lock (_gate)
        {
            for (var i = 0; i < ids.Length; i++)
            {
                Advance(clock);
                ids[i] = string.Create(CultureInfo.InvariantCulture, $"{_milliseconds:x12}{_sequence:x8}");
            }
        }
    }

    private void Advance(ulong clock)
    {
        if (!_started || clock > _milliseconds)
        {
            _started = true;
            _milliseconds = clock;
            _sequence = _randomStart() & 0x7FFF_FFFF; // the upper half is headroom for counting up
        }
        else if (_sequence == uint.MaxValue)
        {
            // 2^31+ ids in one millisecond: borrow the next one (its ids still sort after these).
            _milliseconds = Math.Min(_milliseconds + 1, MaxMilliseconds);
            _sequence = _randomStart() & 0x7FFF_FFFF;
        }
        else
        {
            _sequence++;
        }
    }

    private static uint CryptoStart()
    {
        Span<byte> bytes = stackalloc byte[4];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt32(bytes);
    }
}
