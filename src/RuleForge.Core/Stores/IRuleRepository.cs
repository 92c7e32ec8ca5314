using RuleForge.Core.Rules;

namespace RuleForge.Core.Stores;

/// <summary>
/// Every version of every rule: add makes version 1, update makes N+1 (earlier versions are never changed), with a
/// change history, search, soft delete and validated status transitions. Concurrent writers never lose an update and
/// never produce two versions with the same number.
/// </summary>
public interface IRuleRepository
{
    /// <summary>Stores <paramref name="rule"/> as version 1; an empty <see cref="Rule.Id"/> gets a new id.</summary>
    Task<Rule> AddAsync(Rule rule, string? reason, CancellationToken cancellationToken);

    /// <summary>Stores many new rules in one transaction: all or none.</summary>
    Task<IReadOnlyList<Rule>> AddManyAsync(IReadOnlyList<Rule> rules, CancellationToken cancellationToken);

    /// <summary>Stores many new rules in one transaction, all or none, with <paramref name="reason"/> in each one's change history.</summary>
    Task<IReadOnlyList<Rule>> AddManyAsync(IReadOnlyList<Rule> rules, string? reason, CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="ids"/> name a stored rule (deleted ones included).</summary>
    Task<IReadOnlySet<string>> ExistingIdsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="patch"/> to the latest version and stores the result as the next version.</summary>
    /// <param name="id">The rule.</param>
    /// <param name="patch">The fields to change; absent fields keep their value.</param>
    /// <param name="reason">Why, kept in the change history.</param>
    /// <param name="expectedVersion">When set, the update fails with <see cref="ConcurrencyConflictException"/> unless the latest version is this one.</param>
    /// <param name="cancellationToken">Cancels before commit; nothing is stored then.</param>
    Task<Rule> UpdateAsync(string id, RulePatch patch, string? reason, int? expectedVersion, CancellationToken cancellationToken);

    /// <summary>The latest version (or the given one); null when the rule does not exist. Deleted rules are returned with <see cref="Rule.Deleted"/> set.</summary>
    Task<Rule?> GetAsync(string id, int? version, CancellationToken cancellationToken);

    /// <summary>Every version, oldest first, each with the change that produced it.</summary>
    Task<IReadOnlyList<RuleRevision>> GetHistoryAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every change (create, update, delete, restore), oldest first.</summary>
    Task<IReadOnlyList<RuleChange>> GetChangesAsync(string id, CancellationToken cancellationToken);

    /// <summary>Field-by-field differences between two versions of a rule.</summary>
    Task<RuleDiff> DiffAsync(string id, int fromVersion, int toVersion, CancellationToken cancellationToken);

    Task<RuleSearchResult> SearchAsync(RuleQuery query, CancellationToken cancellationToken);

    /// <summary>Soft-deletes the rule: it keeps its versions and leaves search results unless asked for.</summary>
    Task<Rule> DeleteAsync(string id, string? reason, CancellationToken cancellationToken);

    /// <summary>Undoes <see cref="DeleteAsync"/>.</summary>
    Task<Rule> RestoreAsync(string id, string? reason, CancellationToken cancellationToken);
}
