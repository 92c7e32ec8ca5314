using RuleForge.Core.Errors;
using RuleForge.EventCalculus.Prolog;

namespace RuleForge.EventCalculus.Engine;

/// <summary>One clause as loaded, before the Event Calculus layer decides where it goes.</summary>
internal sealed record LoadedClause(StoredClause Clause, string File, int Line);

/// <summary>Reads Prolog files (following consult directives relative to the including file) into clauses; rejects what the subset does not support.</summary>
internal static class ProgramLoader
{
    private static readonly HashSet<string> IgnoredDirectives = new(StringComparer.Ordinal)
    {
        "use_module", "set_prolog_flag", "style_check", "ensure_loaded_library", "table", "license", "module", "op", "garbage_collect",
    };

    /// <summary>Reads <paramref name="path"/> and the files it consults; <paramref name="dynamic"/> collects dynamic declarations.</summary>
    public static List<LoadedClause> Load(string path, HashSet<Functor> dynamic, HashSet<string>? seen = null)
    {
        seen ??= new HashSet<string>(StringComparer.Ordinal);
        var full = Path.GetFullPath(path);
        if (!seen.Add(full))
        {
            return [];
        }

        if (!File.Exists(full))
        {
            throw new InputException($"{path}: file not found");
        }

        var program = PrologReader.ReadFile(full);
        return Load(program, Path.GetDirectoryName(full)!, dynamic, seen, path);
    }

    /// <summary>Loads an already-parsed program (text given in memory); consults are resolved against <paramref name="directory"/>.</summary>
    public static List<LoadedClause> Load(PrologProgram program, string directory, HashSet<Functor> dynamic, HashSet<string> seen, string displayName)
    {
        var result = new List<LoadedClause>();
        foreach (var clause in program.Clauses)
        {
            var line = clause.Position.Line;
            switch (clause.Kind)
            {
                case ClauseKind.Directive:
                    Directive(Database.Convert(clause.Body!), directory, dynamic, seen, result, displayName, line);
                    break;
                case ClauseKind.Fact:
                case ClauseKind.Rule:
                    var stored = Database.FromClause(clause, displayName);
                    CheckBody(stored.Body, displayName, line);
                    result.Add(new LoadedClause(stored, displayName, line));
                    break;
                case ClauseKind.Query:
                    throw new InputException($"{displayName}:{line}: queries (?- …) are not supported in event descriptions");
                default:
                    throw new InputException($"{displayName}:{line}: grammar rules (-->) are not supported in event descriptions");
            }
        }

        return result;
    }

    private static void Directive(PTerm goal, string directory, HashSet<Functor> dynamic, HashSet<string> seen, List<LoadedClause> into, string file, int line)
    {
        goal = Terms.Deref(goal);
        if (goal is PStruct { Name: ",", Arity: 2 } conj)
        {
            Directive(conj.Args[0], directory, dynamic, seen, into, file, line);
            Directive(conj.Args[1], directory, dynamic, seen, into, file, line);
            return;
        }

        if (Terms.ToList(goal) is { } files && goal is PStruct)
        {
            foreach (var f in files)
            {
                into.AddRange(Load(ResolveFile(f, directory, file, line), dynamic, seen));
            }

            return;
        }

        switch (goal)
        {
            case PStruct { Name: "consult" or "ensure_loaded" or "include", Arity: 1 } c:
                foreach (var f in Terms.ToList(c.Args[0]) ?? [c.Args[0]])
                {
                    if (Terms.Deref(f) is PStruct { Name: "library" })
                    {
                        continue;
                    }

                    into.AddRange(Load(ResolveFile(f, directory, file, line), dynamic, seen));
                }

                return;
            case PStruct { Name: "dynamic", Arity: 1 } d:
                foreach (var f in Indicators(d.Args[0]))
                {
                    dynamic.Add(f);
                }

                return;
            case PStruct { Name: "multifile" or "discontiguous", Arity: 1 }:
                return;
            case PStruct s when IgnoredDirectives.Contains(s.Name):
                return;
            case PAtom a when a.Name is "true":
                return;
            default:
                throw new InputException($"{file}:{line}: directive {goal} is not supported (supported: consult lists, consult/ensure_loaded/include, dynamic, multifile, discontiguous, op, use_module, set_prolog_flag)");
        }
    }

    private static IEnumerable<Functor> Indicators(PTerm spec)
    {
        spec = Terms.Deref(spec);
        if (spec is PStruct { Name: "," or "[|]", Arity: 2 } pair)
        {
            foreach (var f in Indicators(pair.Args[0]))
            {
                yield return f;
            }

            foreach (var f in Indicators(pair.Args[1]))
            {
                yield return f;
            }
        }
        else if (spec is PStruct { Name: "/", Arity: 2 } ind && Terms.Deref(ind.Args[0]) is PAtom n && Terms.Deref(ind.Args[1]) is PInt ar)
        {
            yield return Functor.Of(n.Name, (int)ar.Value);
        }
    }

    private static string ResolveFile(PTerm spec, string directory, string file, int line)
    {
        var name = Terms.Deref(spec) switch
        {
            PAtom a => a.Name,
            PString s => s.Value,
            _ => throw new InputException($"{file}:{line}: cannot consult {spec}: a file name is expected"),
        };
        var basePath = Path.IsPathRooted(name) ? name : Path.Combine(directory, name);
        foreach (var candidate in new[] { basePath, basePath + ".pl", basePath + ".prolog" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InputException($"{file}:{line}: consulted file '{name}' not found (looked in {directory})");
    }

    /// <summary>Refuses built-ins that change the database or do I/O, naming the predicate and line.</summary>
    private static void CheckBody(PTerm? body, string file, int line)
    {
        if (body is null)
        {
            return;
        }

        var stack = new Stack<PTerm>();
        stack.Push(body);
        while (stack.Count > 0)
        {
            var g = stack.Pop();
            if (g is PStruct s)
            {
                if (Builtins.Forbidden.Contains(s.Name))
                {
                    throw new InputException($"{file}:{line}: {s.Name}/{s.Arity} is not supported in event descriptions (rules may not change the database, read files, write output or run processes)");
                }

                if (s.Name is "," or ";" or "->" or "*->" or "\\+" or "not" or "findall" or "setof" or "bagof" or "forall" or "once" or "ignore" or "call" or "aggregate_all" or "^")
                {
                    foreach (var a in s.Args)
                    {
                        stack.Push(a);
                    }
                }
            }
            else if (g is PAtom a && Builtins.Forbidden.Contains(a.Name))
            {
                throw new InputException($"{file}:{line}: {a.Name}/0 is not supported in event descriptions");
            }
        }
    }
}
