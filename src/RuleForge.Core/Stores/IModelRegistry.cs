namespace RuleForge.Core.Stores;

/// <summary>Registered model versions: parameters, metrics, artifacts, tags, stages with their history, and lineage.</summary>
public interface IModelRegistry
{
    /// <summary>Stores a new version (1 + the highest of that name) at stage None; the parent must exist.</summary>
    Task<ModelVersion> RegisterAsync(ModelRegistration registration, CancellationToken cancellationToken);

    Task<ModelVersion?> GetAsync(string name, int version, CancellationToken cancellationToken);

    Task<IReadOnlyList<ModelVersion>> ListAsync(ModelQuery query, CancellationToken cancellationToken);

    /// <summary>Moves a version to another stage, recording the reason; promoting to Production archives the previous Production version of the same name. Disallowed moves are input errors.</summary>
    Task<ModelVersion> TransitionAsync(string name, int version, ModelStage to, string reason, CancellationToken cancellationToken);

    /// <summary>The version's stage changes, oldest first.</summary>
    Task<IReadOnlyList<ModelStageTransition>> GetTransitionsAsync(string name, int version, CancellationToken cancellationToken);

    Task SetTagAsync(string name, int version, string key, string value, CancellationToken cancellationToken);

    Task RemoveTagAsync(string name, int version, string key, CancellationToken cancellationToken);

    /// <summary>Parent, grandparent… nearest first.</summary>
    Task<IReadOnlyList<ModelVersion>> GetAncestorsAsync(string name, int version, CancellationToken cancellationToken);

    /// <summary>Every version derived from this one, directly or not, breadth first.</summary>
    Task<IReadOnlyList<ModelVersion>> GetDescendantsAsync(string name, int version, CancellationToken cancellationToken);
}
