using System.Diagnostics;
using System.Globalization;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Induction;
using RuleForge.Tabular.Readers;
using RuleForge.Tabular.Validation;

// Tabular benchmarks: `accuracy <arff>...` (10-fold CV like JRip -x 10), `throughput <rows>` (condition checks/s).
var mode = args.Length > 0 ? args[0] : "accuracy";
var inv = CultureInfo.InvariantCulture;
switch (mode)
{
    case "accuracy":
        var seed = 1;
        Console.WriteLine("dataset\trows\taccuracy\trules(all rows)\tseconds");
        foreach (var file in args.Skip(1))
        {
            var sw = Stopwatch.StartNew();
            var data = await DatasetReader.ReadAsync(file, null, CancellationToken.None);
            var target = ClassTarget.Of(data, data.Columns[^1].Name);
            var ripper = new Ripper(new RipperOptions { Seed = seed });
            var cv = CrossValidation.Run(data, target, 10, seed, (train, ct) => ripper.Learn(data, target, train, null, ct).Rules);
            var full = ripper.Learn(data, target);
            Console.WriteLine(string.Create(inv, $"{Path.GetFileNameWithoutExtension(file)}\t{data.RowCount}\t{cv.Accuracy * 100:F1}\t{full.Rules.Rules.Count}\t{sw.Elapsed.TotalSeconds:F2}"));
        }

        break;
    default:
        Console.Error.WriteLine("usage: accuracy <arff>... | throughput <rows>");
        return 2;
}

return 0;
