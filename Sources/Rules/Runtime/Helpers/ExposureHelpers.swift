import BulkheadCore
import BulkheadModel

enum ServicePorts {
    static let engine: Set<Int> = [2375, 2376, 2377, 4243]
    static let sensitive: [Int: String] = [
        5432: "PostgreSQL", 3306: "MySQL/MariaDB", 1433: "SQL Server", 1521: "Oracle", 27017: "MongoDB", 27018: "MongoDB", 6379: "Redis",
        6380: "Redis", 11211: "memcached", 9200: "Elasticsearch", 9300: "Elasticsearch transport", 5984: "CouchDB", 8086: "InfluxDB",
        9042: "Cassandra", 7000: "Cassandra", 2379: "etcd", 2380: "etcd", 8500: "Consul", 5672: "RabbitMQ", 15672: "RabbitMQ admin",
        9092: "Kafka", 2181: "ZooKeeper", 4222: "NATS", 8983: "Solr", 7474: "Neo4j", 8529: "ArangoDB", 26257: "CockroachDB",
        9000: "admin/MinIO", 10250: "kubelet", 6443: "Kubernetes API", 9090: "Prometheus", 5601: "Kibana",
        22: "SSH", 23: "telnet", 5900: "VNC", 3389: "RDP", 8888: "Jupyter", 6000: "X11", 111: "rpcbind", 2049: "NFS",
    ]
}
