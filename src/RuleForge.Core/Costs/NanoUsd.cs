namespace RuleForge.Core.Costs;

/// <summary>Conversions between USD and the ledger's integer unit, 1e-9 USD.</summary>
public static class NanoUsd
{
    public const decimal PerUsd = 1_000_000_000m;

    public static decimal ToUsd(long nano) => nano / PerUsd;

    public static long FromUsd(decimal usd) => (long)decimal.Round(usd * PerUsd, MidpointRounding.AwayFromZero);
}
