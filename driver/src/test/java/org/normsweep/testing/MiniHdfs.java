package org.normsweep.testing;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A one-DataNode HDFS on loopback for the cluster ITs (Hadoop's MiniDFSCluster, from the shaded
 * {@code hadoop-client-minicluster}), with its NameNode on a free port and its storage under {@code dir}.
 * Start it once per test class and {@link #close()} it in {@code @AfterAll}.
 */
public final class MiniHdfs implements AutoCloseable {
    private final MiniDFSCluster cluster;

    public MiniHdfs(Path dir) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toAbsolutePath().toString());
        conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        conf.setInt("dfs.replication", 1);
        conf.setBoolean("dfs.permissions.enabled", false);
        conf.setBoolean("dfs.webhdfs.enabled", false); // no test uses it, and its web app takes seconds to start
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true).build();
        cluster.waitActive();
    }

    /** {@code hdfs://127.0.0.1:PORT}, the NameNode's address. */
    public String uri() {
        return "hdfs://127.0.0.1:" + cluster.getNameNodePort();
    }

    public FileSystem fs() throws IOException {
        return cluster.getFileSystem();
    }

    /** The cluster's client settings (fs.defaultFS and the rest), for a YARN cluster or Spark on top of it. */
    public Configuration conf() {
        return cluster.getConfiguration(0);
    }

    /** Copies the local directory {@code local} to {@code hdfsDir} (an absolute HDFS path) and returns its URI. */
    public String upload(Path local, String hdfsDir) throws IOException {
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(hdfsDir);
        fs().mkdirs(target.getParent());
        fs().copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), target);
        return uri() + hdfsDir;
    }

    @Override
    public void close() {
        cluster.shutdown(true);
    }
}
