"""The Storage step's wire contracts through boto3, the second client the issue names beside the
AWS CLI v2 (Debian's CLI v2 predates `put-object --if-none-match`). Prints one JSON object of
what each call answered; the Java test asserts on it. Endpoint and region come from argv."""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, region = sys.argv[1], sys.argv[2]
session = boto3.session.Session(aws_access_key_id="sandbox", aws_secret_access_key="sandbox", region_name=region)
cfg = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1})
s3 = session.client("s3", endpoint_url=endpoint, config=cfg)
ddb = session.client("dynamodb", endpoint_url=endpoint, config=cfg)
out = {}


def code(call):
    try:
        call()
        return "ok"
    except ClientError as e:
        return e.response["Error"]["Code"]


s3.create_bucket(Bucket="boto-team-state", CreateBucketConfiguration={"LocationConstraint": region})
out["firstLock"] = code(lambda: s3.put_object(Bucket="boto-team-state", Key="s/lock.json", Body=b"{}", IfNoneMatch="*"))
out["secondLock"] = code(lambda: s3.put_object(Bucket="boto-team-state", Key="s/lock.json", Body=b"{}", IfNoneMatch="*"))
etag = s3.head_object(Bucket="boto-team-state", Key="s/lock.json")["ETag"]
out["ifMatchRight"] = code(lambda: s3.put_object(Bucket="boto-team-state", Key="s/lock.json", Body=b"{1}", IfMatch=etag))
out["ifMatchStale"] = code(lambda: s3.put_object(Bucket="boto-team-state", Key="s/lock.json", Body=b"{2}", IfMatch=etag))
out["keys"] = [o["Key"] for o in s3.list_objects_v2(Bucket="boto-team-state").get("Contents", [])]

ddb.create_table(TableName="boto-items", BillingMode="PAY_PER_REQUEST",
                 AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                 KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
ddb.get_waiter("table_exists").wait(TableName="boto-items", WaiterConfig={"Delay": 1, "MaxAttempts": 30})
put = lambda: ddb.put_item(TableName="boto-items", Item={"id": {"S": "a"}, "n": {"N": "1"}},
                           ConditionExpression="attribute_not_exists(id)")
out["firstPut"] = code(put)
out["secondPut"] = code(put)
out["item"] = ddb.get_item(TableName="boto-items", Key={"id": {"S": "a"}})["Item"]["n"]["N"]
print(json.dumps(out))
