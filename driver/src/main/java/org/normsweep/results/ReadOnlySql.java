package org.normsweep.results;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.PlanExpression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.QueryPlan;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.command.DescribeQueryCommand;
import org.apache.spark.sql.execution.command.ExplainCommand;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The statements {@code sql} and {@code report} run over the result views: queries only. A statement is checked on
 * Spark's parsed plan (not its text) against allow-lists, before anything of it runs: a query is a tree of read-only
 * plan nodes ({@link #QUERY_NODES}, the plans in its expressions and CTEs included) that calls no Java method;
 * {@code EXPLAIN} of an accepted statement; {@code SHOW} and {@code DESCRIBE} ({@link #CATALOG_READS}). Everything
 * else, known or not, is refused: writes (INSERT, CTAS, INSERT OVERWRITE DIRECTORY), DDL, CACHE/UNCACHE (CACHE TABLE
 * ... AS and the cache change what later statements see), SET/RESET/USE and ADD JAR (session configuration), temporary
 * views and functions (they change what later statements and the report's views mean), {@code TRANSFORM} (runs a
 * shell command), {@code reflect}/{@code java_method} (call Java methods), scripts and {@code EXECUTE IMMEDIATE}
 * (their statements are not known before they run). {@code EXPLAIN} of a refused statement is refused too: it
 * would not run it, but these commands have no use for it. Driver-only.
 */
public final class ReadOnlySql {
    /** The statement kinds accepted, as the refusal names them. */
    public static final String ACCEPTED = "SELECT, WITH, EXPLAIN, SHOW, DESCRIBE";

    /**
     * Plan nodes the parser makes for queries (Spark 4.2's parsed and analysed forms), none of which writes or changes
     * the session. Reading files ({@code SELECT * FROM parquet.`path`}) and hints are reads.
     */
    static final Set<String> QUERY_NODES = Set.of(
            // relations
            "UnresolvedRelation",
            "RelationTimeTravel",
            "UnresolvedInlineTable",
            "ResolvedInlineTable",
            "LocalRelation",
            "OneRowRelation",
            "EmptyRelation",
            "Range",
            "UnresolvedTableValuedFunction",
            "UnresolvedTVFAliases",
            "SubqueryAlias",
            "UnresolvedSubqueryColumnAliases",
            "Subquery",
            // CTEs
            "UnresolvedWith",
            "WithCTE",
            "CTERelationDef",
            "CTERelationRef",
            "UnionLoop",
            "UnionLoopRef",
            // operators
            "Project",
            "Filter",
            "UnresolvedHaving",
            "UnresolvedQualify",
            "Aggregate",
            "Expand",
            "Window",
            "WithWindowDefinition",
            "Generate",
            "Pivot",
            "Unpivot",
            "DataFrameDropColumns",
            "Join",
            "LateralJoin",
            "AsOfJoin",
            "Union",
            "Intersect",
            "Except",
            "Distinct",
            "Deduplicate",
            "Sort",
            "GlobalLimit",
            "LocalLimit",
            "LimitAll",
            "Offset",
            "Tail",
            "Sample",
            "Repartition",
            "RepartitionByExpression",
            "RebalancePartitions",
            "UnresolvedHint",
            "ResolvedHint",
            // SQL pipe syntax (FROM t |> WHERE ...) marks each step's result
            "PipeOperator");

    /** SHOW and DESCRIBE statements (parsed and analysed forms): they read the catalog and the session. */
    static final Set<String> CATALOG_READS = Set.of(
            "ShowTables",
            "ShowTablesExtended",
            "ShowTablePartition",
            "ShowViews",
            "ShowColumns",
            "ShowFunctions",
            "ShowNamespaces",
            "ShowPartitions",
            "ShowTableProperties",
            "ShowCreateTable",
            "ShowTablesCommand",
            "ShowViewsCommand",
            "ShowColumnsCommand",
            "ShowFunctionsCommand",
            "ShowNamespacesCommand",
            "ShowPartitionsCommand",
            "ShowTablePropertiesCommand",
            "ShowCreateTableCommand",
            "ShowCreateTableAsSerdeCommand",
            "ShowCatalogsCommand",
            "ShowCurrentNamespaceCommand",
            "ShowCollationsCommand",
            "DescribeRelation",
            "DescribeColumn",
            "DescribeFunction",
            "DescribeNamespace",
            "DescribeTableCommand",
            "DescribeRelationJsonCommand",
            "DescribeColumnCommand",
            "DescribeFunctionCommand",
            "DescribeDatabaseCommand");

    /** Functions that call any static Java method: a query that calls one could do anything. */
    static final Set<String> JAVA_CALLS = Set.of("reflect", "java_method", "try_reflect");

    /** A statement these commands do not run; the message names it and its kind. */
    public static final class Refused extends IllegalArgumentException {
        Refused(String statement, String kind) {
            super("only queries may run here (" + ACCEPTED + "); refused: " + abbreviate(statement) + " (" + kind
                    + ")");
        }
    }

    private ReadOnlySql() {}

    /**
     * Parses {@code statement} and refuses it unless it only reads.
     *
     * @throws Refused when it is not a query, EXPLAIN, SHOW or DESCRIBE
     * @throws ParseException when it does not parse
     */
    public static void check(SparkSession spark, String statement) throws ParseException {
        LogicalPlan plan = spark.sessionState().sqlParser().parsePlan(statement);
        String kind = refusedKind(plan);
        if (kind != null) {
            throw new Refused(statement, kind);
        }
    }

    /** @return null when {@code plan} only reads, else the kind of the first part that does not */
    static String refusedKind(LogicalPlan plan) {
        if (plan instanceof ExplainCommand explain) {
            return refusedKind(explain.logicalPlan());
        }
        if (plan instanceof DescribeQueryCommand describe) {
            return refusedByQuery(describe.plan());
        }
        if (CATALOG_READS.contains(kind(plan))) {
            return null;
        }
        return refusedByQuery(plan);
    }

    private static String refusedByQuery(LogicalPlan plan) {
        String name = kind(plan);
        if (!QUERY_NODES.contains(name)) {
            return name;
        }
        for (Expression e : CollectionConverters.asJava(plan.expressions())) {
            String refused = refusedByExpression(e);
            if (refused != null) {
                return refused;
            }
        }
        for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
            String refused = refusedByQuery(child);
            if (refused != null) {
                return refused;
            }
        }
        // A WITH's CTE definitions are inner children, not children.
        for (QueryPlan<?> inner : CollectionConverters.asJava(plan.innerChildren())) {
            String refused = inner instanceof LogicalPlan p ? refusedByQuery(p) : kind(inner);
            if (refused != null) {
                return refused;
            }
        }
        return null;
    }

    private static String refusedByExpression(Expression e) {
        if (e instanceof UnresolvedFunction f
                && JAVA_CALLS.contains(f.nameParts().last().toLowerCase(Locale.ROOT))) {
            return "function " + f.nameParts().last();
        }
        if (kind(e).equals("ExpressionWithUnresolvedIdentifier")) {
            // IDENTIFIER(...) names its function or column only at analysis, after this check.
            return "IDENTIFIER clause";
        }
        if (e instanceof PlanExpression<?> sub) {
            String refused = sub.plan() instanceof LogicalPlan p ? refusedByQuery(p) : kind(sub.plan());
            if (refused != null) {
                return refused;
            }
        }
        for (Expression child : CollectionConverters.asJava(e.children())) {
            String refused = refusedByExpression(child);
            if (refused != null) {
                return refused;
            }
        }
        return null;
    }

    /** A plan node's or expression's class name (a Scala case object's without its {@code $}). */
    private static String kind(Object node) {
        String name = node.getClass().getSimpleName();
        return name.endsWith("$") ? name.substring(0, name.length() - 1) : name;
    }

    /** The statement on one line, its comment lines left out, cut after about 60 characters. */
    static String abbreviate(String statement) {
        String text = statement
                .lines()
                .filter(l -> !l.strip().startsWith("--"))
                .collect(Collectors.joining(" "))
                .replaceAll("\\s+", " ")
                .strip()
                .replaceAll("\\s*;+$", "");
        if (text.length() <= 64) {
            return text;
        }
        int cut = text.lastIndexOf(' ', 60);
        return text.substring(0, cut > 20 ? cut : 60) + " ...";
    }
}
